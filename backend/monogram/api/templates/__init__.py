"""/v1/templates: layouts with rules that shoppers start from."""
