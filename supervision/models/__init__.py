"""The supervision app's models: inspections with their findings and the rectification
history of each, the supervisor's observations, and the spot-check draws."""

from supervision.models.draws import SpotCheckDraw
from supervision.models.inspections import (
    DecisionOutcome,
    Finding,
    FindingDecision,
    FindingStatus,
    FindingTopic,
    Inspection,
    InspectionLevel,
    Observation,
    Rectification,
)

__all__ = [
    "DecisionOutcome",
    "Finding",
    "FindingDecision",
    "FindingStatus",
    "FindingTopic",
    "Inspection",
    "InspectionLevel",
    "Observation",
    "Rectification",
    "SpotCheckDraw",
]
