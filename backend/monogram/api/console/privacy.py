"""/console: personal data: find, export and erase a customer's data; retention."""
