"""curriculum: design, check and publish dual programmes (college or university + enterprise)."""

__version__ = "0.1.0"
