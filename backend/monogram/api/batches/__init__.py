"""/v1/batches: a template merged with a spreadsheet into thousands of personalised items."""
