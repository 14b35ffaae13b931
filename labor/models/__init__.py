"""The labour app's models, by topic: the real-name registry (workers), labour organisations
and their teams (organizations), rosters and contracts (rosters), attendance, townships'
surveys and briefings (surveys), training, and referrals of surveyed people to jobs (matching)."""

from labor.models.attendance import (
    MARK_DAYS,
    PRESENT_MARKS,
    Attendance,
    AttendanceImport,
    Mark,
    month_days,
)
from labor.models.matching import Referral, ReferralStatus
from labor.models.organizations import LaborOrgForm, LaborOrgProfile, Team
from labor.models.rosters import (
    ENGAGEMENT_FIELDS,
    WORK_RELIEF_CATEGORIES,
    Engagement,
    EngagementSource,
    LaborImport,
    RosterImport,
    StaffCategory,
)
from labor.models.surveys import (
    MONTHS,
    BriefingPhoto,
    LaborSurvey,
    PolicyBriefing,
    SurveyImport,
    SurveyResponse,
)
from labor.models.training import (
    TrainingKind,
    TrainingMode,
    TrainingParticipant,
    TrainingSession,
)
from labor.models.workers import (
    WORKER_FIELDS,
    Worker,
    WorkerPriorityGroup,
    WorkerQuerySet,
    township_ground,
    worker_part_q,
)

__all__ = [
    "ENGAGEMENT_FIELDS",
    "MARK_DAYS",
    "MONTHS",
    "PRESENT_MARKS",
    "WORKER_FIELDS",
    "WORK_RELIEF_CATEGORIES",
    "Attendance",
    "AttendanceImport",
    "BriefingPhoto",
    "Engagement",
    "EngagementSource",
    "LaborImport",
    "LaborOrgForm",
    "LaborOrgProfile",
    "LaborSurvey",
    "Mark",
    "PolicyBriefing",
    "Referral",
    "ReferralStatus",
    "RosterImport",
    "StaffCategory",
    "SurveyImport",
    "SurveyResponse",
    "Team",
    "TrainingKind",
    "TrainingMode",
    "TrainingParticipant",
    "TrainingSession",
    "Worker",
    "WorkerPriorityGroup",
    "WorkerQuerySet",
    "month_days",
    "township_ground",
    "worker_part_q",
]
