"""Pure text algorithms for claims (no Django): selectors, segmentation, claim patterns."""
