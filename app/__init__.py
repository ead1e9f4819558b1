"""Juminzei Desk: individual resident tax (個人住民税) for Hanamaki City."""

__version__ = "0.1.0"
