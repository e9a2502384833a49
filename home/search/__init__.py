"""Chinese full-text search: jieba segmentation inside Wagtail's database search backend."""
