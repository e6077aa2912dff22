"""The shipped lexicon of skills: what common skills are, so that a draft can phrase each by
what it is (domain/prose.py). Three kinds:

- TOOLS: a language, library, product or platform one works *with* ("working with Python").
- PRACTICES: a way of working, done well or badly ("your approach to code review").
- DOMAINS: a field or sector one knows ("the fintech side of the work").

All entries lower case; a skill is looked up in lower case with its spaces collapsed. A skill
not here is classified by its shape (prose.kind), else phrased neutrally.
"""

from __future__ import annotations


def _entries(*lines: str) -> frozenset[str]:
    """Entries separated by `;` (a skill may have spaces: "power bi")."""
    return frozenset(e.strip() for line in lines for e in line.split(";") if e.strip())


TOOLS = _entries(
    "python; sql; dbt; excel; figma; r; java; javascript; typescript; go; golang; rust; c; c++",
    "c#; .net; kotlin; swift; scala; ruby; php; perl; matlab; sas; spss; stata; bash; html; css",
    "react; vue; angular; django; flask; fastapi; rails; spring; node; node.js; pandas; numpy",
    "tensorflow; pytorch; scikit-learn; spark; hadoop; airflow; kafka; snowflake; bigquery",
    "redshift; databricks; postgres; postgresql; mysql; sqlite; mongodb; redis; elasticsearch",
    "docker; kubernetes; terraform; ansible; aws; azure; gcp; google cloud; linux; git; github",
    "gitlab; jenkins; jira; confluence; notion; tableau; power bi; looker; metabase; salesforce",
    "hubspot; sap; oracle; workday; quickbooks; xero; google analytics; photoshop; illustrator",
    "indesign; sketch; after effects; premiere; autocad; solidworks; revit; unity; unreal",
    "powerpoint; word; google sheets; sheets; wordpress; shopify; zendesk; servicenow",
)

PRACTICES = _entries(
    "code review; user research; stakeholder management; project management; product management",
    "people management; team leadership; leadership; mentoring; coaching; hiring; recruitment",
    "data modelling; data modeling; data analysis; data engineering; data visualisation",
    "data visualization; analytics; statistics; machine learning; testing; test automation",
    "quality assurance; continuous integration; continuous delivery; devops; incident response",
    "system design; software architecture; architecture; api design; refactoring; debugging",
    "agile; scrum; kanban; lean; ux design; ui design; interaction design; service design",
    "product design; visual design; prototyping; usability testing; accessibility; a/b testing",
    "experimentation; copywriting; content strategy; content design; technical writing; writing",
    "editing; seo; marketing; digital marketing; brand strategy; public relations; sales",
    "account management; customer success; customer service; negotiation; public speaking",
    "presenting; facilitation; financial modelling; financial modeling; budgeting; forecasting",
    "accounting; bookkeeping; auditing; risk management; compliance; procurement; operations",
    "supply chain management; logistics planning; event planning; community management",
    "strategy; business development; fundraising; grant writing; teaching; training",
    "communication; stakeholder communication; documentation; research; design; analysis",
)

DOMAINS = _entries(
    "fintech; finance; banking; payments; insurance; insurtech; healthcare; health; healthtech",
    "medtech; pharma; pharmaceuticals; biotech; life sciences; retail; e-commerce; ecommerce",
    "logistics; transport; automotive; aviation; aerospace; energy; renewables; climate",
    "telecoms; telecommunications; media; publishing; gaming; games; education; edtech",
    "higher education; public sector; government; local government; charity; nonprofit",
    "non-profit; legal; legaltech; real estate; proptech; construction; manufacturing",
    "hospitality; travel; tourism; food; agriculture; agritech; fashion; music; sport; saas",
    "b2b; b2c; cybersecurity; security; defence; defense; mining; oil and gas; utilities",
)
