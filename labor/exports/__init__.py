"""Excel exports of the labour app, one module a topic, each registering its builder."""
