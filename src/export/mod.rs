//! Exports: json (yuelan/1), jsonl, spacy, brat — one file per format. STUB.
