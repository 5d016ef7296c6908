"""What is said, by whom, and whether it holds: claims, mentions, relations and reviews."""
