"""Publish a disclosure: write the model back out in the layouts the readers take in."""

from yusuan.publish.textlayout import TABLE_ORDER, render_docx_text, render_pdf_text

__all__ = ["TABLE_ORDER", "render_docx_text", "render_pdf_text"]
