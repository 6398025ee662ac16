"""data/roles.toml: layers, squads, role duties, scope, hiring and the talent pipeline."""

from __future__ import annotations

from calculators.schema import Bool, Label, Num, Table, document_fields

from ._common import items, label_list, source, text

SCHEMA = Table(
    {
        **document_fields(),
        "layers": items("Team layers", {
            "roles": label_list("Roles in this layer",
                                title={"zh": "岗位", "en": "Roles"}),
            "duty": text("What the layer does", "职责", "Duty"),
        }, min_items=3),
        "squads": Table({
            "name": Label("What a squad is called"),
            "used_for": label_list("Initiatives that get a squad"),
            "members": label_list("Kinds of members"),
            "afterwards": Label("What happens when the project ends"),
        }),
        "duties": items("Role duties", {
            "tasks": label_list("Tasks", title={"zh": "工作内容", "en": "Tasks"}),
        }),
        "scope": label_list("Who the regulations apply to"),
        "placement": Table({
            "source": source("Where the placement comes from"),
            "supervisor": Label("The supervisor role of the regulations"),
            "sales_staff": Label("The sales staff of the regulations"),
            "specialists": Label("The regulations' collective name for the specialists"),
            "specialist_roles": label_list("Roles of the structure that name covers"),
        }),
        "hiring": Table({
            "standards": label_list("Written hiring standards per post"),
            "assessment": label_list("How candidates are assessed"),
            "background_check": label_list("Posts checked before hiring"),
            "criteria": label_list("Selection criteria"),
        }),
        "pipeline": Table({
            "stages": label_list("Career stages", min_items=2),
            "mentor": Label("Who mentors a new hire"),
            "mentor_months": Num("Months of mentoring for a new hire", min=1, integer=True),
            "management_training": Label("Who joins management training"),
            "internal_first": Bool("Management posts are filled internally first"),
        }),
    },
    description="Structure and roles",
)
