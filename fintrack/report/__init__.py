"""fintrack.report: compose, draw and render the daily report.

Public surface::

    ReportInputs          frozen record of what a report is made from (built once by the main job)
    build_files(inputs)   -> (name -> bytes, headline lines, verdict counts): HTML, PDF, charts, CSV, JSON
    build_content(inputs) -> ReportContent (display strings and charts), rendered by
    render_html / render_pdf
"""
from fintrack.report.build import build_content, build_files
from fintrack.report.content import Paragraph, ReportContent, Section, Table
from fintrack.report.figures import Chart
from fintrack.report.html import render_html
from fintrack.report.inputs import ReportInputs

__all__ = ["ReportInputs", "build_files", "build_content", "ReportContent", "Section", "Table", "Paragraph", "Chart",
           "render_html"]
