//! CC-CEDICT and pinyin lookups (learner layer). STUB.
