"""Workshop paper: the job ticket and the packing slip as PDFs, and a job's bundle as one zip."""
