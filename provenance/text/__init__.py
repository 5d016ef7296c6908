"""Pure text algorithms for provenance (no Django): normalising, hashing, shingling."""
