"""What listeners and podcast apps receive: the feed and its cover (later transcripts, pages)."""
