"""/workshop: the server-rendered portal where workshops work their jobs, outside the API."""
