"""/proof/<token>: the approver's page for a proof ("bon à tirer"), outside the API document."""
