"""Engines that run the pipeline over whole dumps and corpora.

`local` runs in this process, page after page, with a checkpoint for resuming; `distributed`
splits the input into chunks (stream ranges of a multistream dump, batches of pages or files)
and analyses them in dask.distributed workers, writing Parquet shards that are then loaded
into the knowledge base. Both give the same knowledge base for the same input.
"""
