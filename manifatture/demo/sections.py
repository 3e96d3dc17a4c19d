"""The programme's other sections, filled through their services: the albo of
fablabs, makerspaces and coworking, the census of unused spaces, the calls
(bandi) in each state, the portal's news, and matching between firms and labs.

The services act "now": what the data says happened earlier (an albo entry
approved two years ago, a call that closed last month) is done now through the
service and then dated back, field by field, in the rows it wrote. Data:
`data/albo.json`, `spaces.json`, `calls.json`, `news.json`, `matching.json`.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from manifatture.accounts.models import User
from manifatture.calls import services as calls
from manifatture.calls.models import Application as CallApplication
from manifatture.calls.models import Call, CallCriterion, CallEvent
from manifatture.directory import services as directory
from manifatture.directory.models import (
    MILANO_ISTAT_CODE,
    Capability,
    Comune,
    Material,
    Organisation,
)
from manifatture.editions.models import Edition
from manifatture.matching import services as matching
from manifatture.news import services as news
from manifatture.news.models import Article, CaseStudy, Opportunity
from manifatture.qualifications import queries as albo_queries
from manifatture.qualifications import services as albo
from manifatture.qualifications.models import Entry, Event
from manifatture.spaces import services as spaces
from manifatture.spaces.models import Space, SpaceStatusChange

from . import records

# A minimal valid PDF: the albo stores its documents' bytes.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _noon(moment: datetime.datetime) -> datetime.datetime:
    """Calls close (and publish results) at noon, as a real call says, not at
    the minute the demo happened to be loaded."""
    return timezone.localtime(moment).replace(hour=12, minute=0, second=0, microsecond=0)


class Sections:
    def __init__(
        self,
        *,
        organisations: dict[str, Organisation],
        owners: dict[str, User],
        staff: User,
        reviewer: User,
    ) -> None:
        self.organisations = organisations
        self.owners = owners
        self.staff = staff
        self.reviewer = reviewer
        self.now = timezone.now()
        self.today = timezone.localdate()

    # --- albo ------------------------------------------------------------------------

    def fill_albo(self) -> None:
        data = records.read("albo")
        document = albo.Upload(
            name=data["document"]["name"], content_type=data["document"]["content_type"], data=PDF
        )
        criteria = list(albo_queries.active_criteria())
        for item in data["entries"]:
            organisation = self.organisations[item["host"]]
            owner = self.owners[item["host"]]
            entry = albo.apply(
                organisation,
                kind=item["kind"],
                criteria=criteria,
                documents=[document],
                submitted_by=owner,
                statement=item["statement"],
            )
            if item["state"] == "submitted":
                Entry.objects.filter(pk=entry.pk).update(submitted_at=self.now - _days(6))
                continue
            if item["state"] == "rejected":
                albo.reject(entry, by=self.staff, reason=item["reason"])
                self._date_entry(entry, decided_days_ago=25)
                continue
            decided = item["approved_days_ago"]
            entry = albo.approve(entry, by=self.staff, today=self.today - _days(decided))
            self._date_entry(entry, decided_days_ago=decided)
            if "renewal" in item:
                albo.apply(
                    organisation,
                    kind=item["kind"],
                    criteria=criteria,
                    documents=[document],
                    submitted_by=owner,
                    statement=item["renewal"],
                    renews=entry,
                )
        albo.send_expiry_reminders()

    def _date_entry(self, entry: Entry, *, decided_days_ago: int) -> None:
        decided = self.now - _days(decided_days_ago)
        Entry.objects.filter(pk=entry.pk).update(
            submitted_at=decided - _days(12), decided_at=decided
        )
        Event.objects.filter(entry=entry).update(created_at=decided)

    # --- spaces ----------------------------------------------------------------------

    def fill_spaces(self) -> dict[str, Space]:
        data = records.read("spaces")
        milano = Comune.objects.get(pk=MILANO_ISTAT_CODE)
        created = {}
        for item in data["spaces"]:
            fields = {
                key: value
                for key, value in item.items()
                if key not in {"key", "unpublished", "latitude", "longitude"}
            }
            created[item["key"]] = spaces.create_space(
                by=self.staff,
                latitude=Decimal(item["latitude"]),
                longitude=Decimal(item["longitude"]),
                comune=milano,
                is_published=not item.get("unpublished", False),
                **fields,
            )
        for key in data["available"]:
            spaces.change_space_status(
                created[key],
                to=Space.Status.AVAILABLE,
                by=self.staff,
                note="Sopralluogo fatto: lo spazio si può offrire con un bando.",
            )
        SpaceStatusChange.objects.filter(space__in=created.values()).update(
            changed_at=self.now - _days(150)
        )
        return created

    # --- calls -----------------------------------------------------------------------

    def fill_calls(self, created_spaces: dict[str, Space]) -> None:
        data = records.read("calls")
        for item in data["calls"]:
            self._call(item, data["criteria"][item["kind"]], created_spaces)

    def _call(self, item: dict, criteria: list[dict], created_spaces: dict[str, Space]) -> Call:
        stage = item["stage"]
        fields = {
            key: item[key]
            for key in (
                "kind",
                "title_it",
                "title_en",
                "summary_it",
                "summary_en",
                "description_it",
                "description_en",
            )
        }
        for key in ("budget", "max_grant", "min_score"):
            if key in item:
                fields[key] = Decimal(item[key])
        call = calls.create_call(
            by=self.staff,
            spaces=[created_spaces[key] for key in item.get("spaces", [])],
            opens_at=self.now - _days(item["opened_days_ago"]),
            # Open now, whatever the call's story: applications are sent through the service.
            closes_at=_noon(self.now + _days(item.get("closes_in_days", 1))),
            results_at=_noon(self.now + _days(max(item.get("results_in_days", 2), 2))),
            ateco_sections=item.get("ateco_sections", []),
            requires_metro_seat=item.get("requires_metro_seat", False),
            **fields,
        )
        made = CallCriterion.objects.bulk_create(
            CallCriterion(call=call, position=position, **criterion)
            for position, criterion in enumerate(criteria, start=1)
        )
        calls.publish_call(call, by=self.staff)
        applications = []
        for application_data in item["applications"]:
            host = application_data["host"]
            owner = self.owners[host]
            application = calls.start_application(
                call, organisation=self.organisations[host], by=owner
            )
            answers = {str(criterion.pk): application_data["summary"] for criterion in made}
            changes = {
                "project_summary": application_data["summary"],
                "answers": answers,
                "employees": application_data["employees"],
            }
            if "space" in application_data:
                changes["requested_space"] = created_spaces[application_data["space"]]
            if "amount" in application_data:
                changes["amount_requested"] = Decimal(application_data["amount"])
            calls.save_application(application, by=owner, **changes)
            if application_data.get("submit", True):
                calls.submit_application(application, by=owner)
            applications.append((application, application_data))
        if stage == "open":
            return call
        # The deadline has passed: staff check admissibility, the committee scores.
        Call.objects.filter(pk=call.pk).update(closes_at=self.now - datetime.timedelta(minutes=1))
        call.refresh_from_db()
        calls.add_committee_member(call, reviewer=self.reviewer, by=self.staff)
        for application, application_data in applications:
            if "inadmissible" in application_data:
                calls.check_admissibility(
                    application,
                    admissible=False,
                    note=application_data["inadmissible"],
                    by=self.staff,
                )
                continue
            calls.check_admissibility(application, admissible=True, by=self.staff)
            if "points" not in application_data:
                continue  # still to be scored by the committee
            calls.declare_conflict(application, reviewer=self.reviewer, has_conflict=False)
            calls.score_application(
                application,
                reviewer=self.reviewer,
                points={
                    criterion.pk: points
                    for criterion, points in zip(made, application_data["points"], strict=True)
                },
                comment="Valutazione della commissione.",
            )
        if stage == "results":
            calls.compute_ranking(call, by=self.staff)
            calls.approve_ranking(call, by=self.staff)
            calls.publish_results(call, by=self.staff)
        self._date_call(call, item)
        return call

    def _date_call(self, call: Call, item: dict) -> None:
        """Put the call's story back where it happened: opened, closed and (for the
        one with results) decided on the days the data gives."""
        opens = self.now - _days(item["opened_days_ago"])
        closes = _noon(self.now - _days(item["closed_days_ago"]))
        if "results_days_ago" in item:
            results = _noon(self.now - _days(item["results_days_ago"]))
        else:
            results = _noon(self.now + _days(item["results_in_days"]))
        changes = {"opens_at": opens, "closes_at": closes, "results_at": results}
        changes["published_at"] = opens
        if call.ranking_approved_at:
            changes |= {
                "ranking_computed_at": results - _days(2),
                "ranking_approved_at": results - _days(1),
                "results_published_at": results,
            }
        Call.objects.filter(pk=call.pk).update(**changes)
        submitted = closes - _days(3)
        CallApplication.objects.filter(call=call, submitted_at__isnull=False).update(
            submitted_at=submitted, created_at=submitted - _days(5)
        )
        CallEvent.objects.filter(call=call).update(created_at=closes)

    # --- news ------------------------------------------------------------------------

    def fill_news(self) -> None:
        data = records.read("news")
        # The current edition's year: three weeks from a December day may be next year.
        year = Edition.objects.get(is_current=True).year
        for item in data["articles"]:
            article = Article(
                title_it=item["title_it"].format(year=year),
                title_en=item["title_en"].format(year=year),
                summary_it=item["summary_it"],
                summary_en=item["summary_en"],
                body_it=item["body_it"],
                body_en=item["body_en"],
                status=Article.Status.DRAFT if item.get("draft") else Article.Status.PUBLISHED,
                published_at=self.now - _days(item["days_ago"]),
            )
            news.save_article(article, by=self.staff)
        for item in data["case_studies"]:
            case_study = CaseStudy(
                organisation=self.organisations[item["host"]],
                title_it=item["title_it"],
                title_en=item["title_en"],
                summary_it=item["summary_it"],
                summary_en=item["summary_en"],
                body_it=item["body_it"],
                body_en=item["body_en"],
                status=CaseStudy.Status.PUBLISHED,
                published_at=self.now - _days(item["days_ago"]),
            )
            news.save_case_study(case_study, by=self.staff)
        for item in data["opportunities"]:

            def day(key: str, item: dict = item) -> datetime.date | None:
                return self.today + _days(item[key]) if key in item else None

            news.save_opportunity(
                Opportunity(
                    kind=item["kind"],
                    title_it=item["title_it"],
                    title_en=item["title_en"],
                    summary_it=item["summary_it"],
                    summary_en=item["summary_en"],
                    starts_on=day("starts_in_days"),
                    ends_on=day("ends_in_days"),
                    deadline=day("deadline_in_days"),
                    url=item["url"],
                ),
                by=self.staff,
            )

    # --- matching --------------------------------------------------------------------

    def fill_matching(self) -> None:
        data = records.read("matching")
        capabilities = {c.code: c for c in Capability.objects.all()}
        materials = {m.code: m for m in Material.objects.all()}
        for lab in data["labs"]:
            organisation = self.organisations[lab["host"]]
            directory.update_profile_details(
                organisation,
                capabilities=[capabilities[code] for code in lab["capabilities"]],
                materials=[materials[code] for code in lab["materials"]],
                tags=["fabbricazione digitale"],
            )
            for code, model in lab["machines"]:
                directory.add_machine(organisation, capability=capabilities[code], model=model)
        for item in data["needs"]:
            organisation = self.organisations[item["host"]]
            owner = self.owners[item["host"]]
            need = matching.post_need(
                organisation,
                created_by=owner,
                title=item["title"],
                description=item["description"],
                capabilities=[capabilities[code] for code in item["capabilities"]],
                materials=[materials[code] for code in item["materials"]],
                quantity=item["quantity"],
                site=organisation.sites.order_by("pk").first(),
                max_distance_km=item["max_distance_km"],
                needed_by=self.today + _days(item["needed_in_days"]),
            )
            for conversation in item["contacts"]:
                lab = self.organisations[conversation["lab"]]
                contact = matching.contact(
                    need, recipient=lab, sender=owner, message=conversation["message"]
                )
                if "reply" in conversation:
                    matching.answer(
                        contact, by=self.owners[conversation["lab"]], message=conversation["reply"]
                    )

    def fill(self) -> None:
        self.fill_albo()
        self.fill_matching()
        created_spaces = self.fill_spaces()
        self.fill_calls(created_spaces)
        self.fill_news()


def fill(
    *,
    organisations: dict[str, Organisation],
    owners: dict[str, User],
    staff: User,
    reviewer: User,
) -> None:
    Sections(organisations=organisations, owners=owners, staff=staff, reviewer=reviewer).fill()
