//! NER and segmentation scoring against gold files. STUB.
