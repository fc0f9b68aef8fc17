"""The nightly run as plain steps, no Prefect: the inbox on disk, the steps over batches, the reader processes."""
