"""Claim exports in standard formats: CSV and NDJSON (streamed), schema.org ClaimReview, W3C Web Annotation."""
