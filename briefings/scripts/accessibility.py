# %% [markdown]
# # Accessibility statement for Probation commissioning briefings
#
# This accessibility statement applies to the Probation commissioning briefings: the list of
# briefings, each briefing on a consultation question, the glossary and this page.
#
# The briefings are open source and run by the project's contributors. We want as many people as
# possible to be able to use them. For example, that means you should be able to:
#
# - change colours, contrast levels and fonts using your browser or device settings
# - zoom in up to 400% without the text spilling off the screen
# - navigate most of the pages using just a keyboard, and move the sliders with the arrow keys
# - skip to the main content with the first press of the Tab key
#
# We have also made the text as simple as we can. The glossary explains the words and abbreviations
# the pages use.
#
# [AbilityNet](https://mcmw.abilitynet.org.uk/) has advice on making your device easier to use if you
# have a disability.
#
# ## How accessible the briefings are
#
# We know some parts of the briefings are not fully accessible:
#
# - chart tooltips appear only when you point at a chart with a mouse, and cannot be reached with a
#   keyboard (the same figures are in the table beside each chart)
# - charts are images: each has a short text description and a table with its figures, but the images
#   themselves have not been tested with screen readers
# - the sliders, drop-down lists and chart menus come from other software projects; we have not tested
#   them with screen readers
# - the pages need JavaScript and a working connection to the server; if the connection is lost, the
#   controls stop updating the page until you reload it
# - while a briefing's controls load (a few seconds), it shows its results at the default settings as
#   a preview, with a note saying the controls are loading; screen readers announce the note, then
#   read the results once the controls have loaded, because the preview's figures and charts are
#   hidden from them
#
# ## Feedback and contact information
#
# If you need information from the briefings in a different format, such as large print or a plain
# table of the figures, tell us which page and what you need.

# %% tags=["remove-input"]
from IPython.display import HTML
from probation_briefing.page import service

HTML(service.feedback_html())

# %% [markdown]
# We will consider your request and get back to you.
#
# ## Reporting accessibility problems with the briefings
#
# We are always looking to improve the accessibility of the briefings. If you find a problem that is not
# listed on this page, or think we are not meeting accessibility requirements, contact us at the address
# above. Say which page you were on and what you were trying to do.
#
# ## Enforcement procedure
#
# The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies
# (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the "accessibility
# regulations"). If you are not happy with how we respond to your complaint, contact the
# [Equality Advisory and Support Service](https://www.equalityadvisoryservice.com/).
#
# If you are in Northern Ireland and are not happy with how we respond to your complaint, you can contact
# the [Equality Commission for Northern Ireland](https://www.equalityni.org/Home) (ECNI).
#
# ## Technical information about the briefings' accessibility
#
# We are committed to making the briefings accessible, in accordance with the Public Sector Bodies
# (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.
#
# ### Compliance status
#
# The briefings are partially compliant with the
# [Web Content Accessibility Guidelines version 2.2](https://www.w3.org/TR/WCAG22/) (WCAG 2.2) AA
# standard, because of the non-compliances listed below. They will stay partially compliant until
# these are fixed.
#
# ## Non-accessible content
#
# The content listed below is not accessible, for the following reasons.
#
# ### Non-compliance with the accessibility regulations
#
# - **Chart tooltips.** Pointing at a chart with a mouse shows a small box with the figure. The box
#   cannot be reached with a keyboard, cannot be dismissed without moving the pointer, and disappears
#   when you move the pointer onto it. This fails WCAG 2.2 success criterion 1.4.13 (content on hover or
#   focus). The same figures are in the table beside each chart.
# - **Downloaded chart images** have no written description with them, so they may not meet WCAG 2.2
#   success criterion 1.1.1 (non-text content). The downloadable results table has the same figures.
#
# ### Content that is not tested
#
# - The sliders (from the noUiSlider project), drop-down lists and checkboxes (from ipywidgets) and the
#   chart menu (from vega-embed) are third-party software. We add names to the slider handles and the
#   chart menu so that assistive technology can announce them, but we have not tested these controls
#   with screen readers or speech recognition software.
#
# ## What we are doing to improve accessibility
#
# We record each known problem and fix it in the project's code. We will update this statement when
# problems are fixed or new ones are found.
#
# ## Preparation of this accessibility statement
#
# This statement was prepared on 28 November 2026. It was last reviewed on 3 December 2026.
#
# The briefings were last tested on 3 December 2026 against the WCAG 2.2 AA standard. The testing was
# done by the project's developers, using automated tests that run with every change to the code:
#
# - every page is opened in a Chromium web browser with no access to the internet, and scanned with the
#   axe-core accessibility checker once it has loaded at its default settings; the test fails on any
#   problem the checker finds, whatever it rates it ("minor" to "critical")
# - every page is also checked with HTML_CodeSniffer, the checker the pa11y tool uses, against WCAG 2 AA;
#   the test fails on any error it reports
# - on every page, a test moves the keyboard focus to each kind of control (drop-down lists, sliders and
#   their number boxes, buttons, checkboxes, radio buttons, links and expandable sections) and checks that
#   it shows a solid focus outline at least 3 pixels wide, with a contrast of at least 3:1
# - on every page, a test checks that the first press of the Tab key reaches a "Skip to main content"
#   link and that the link moves the keyboard focus to the main content; that the page's title names
#   the page; and that the footer links to the glossary, this statement and the feedback address
# - on every page, a test shows the page 320 pixels wide (the same as zooming a 1280-pixel-wide screen
#   to 400%) and checks that the page does not need to be scrolled sideways
# - on each briefing, a test moves a slider with the arrow keys and checks that the chart and summary
#   change; another moves every visible control and checks that no error appears
# - on each briefing, a test opens every group of "more settings", moves every slider and drop-down
#   list, and then scans the page with axe-core and HTML_CodeSniffer again, failing on any problem either
#   finds
# - on each briefing, a test moves through the page with the Tab key alone and checks that the focus
#   never gets stuck or goes to something hidden, and that it reaches every setting
# - on each briefing, a test checks that the page prints without its controls, with the settings used,
#   the key points, the charts and the sources
#
# We have not yet tested the briefings with screen readers or speech recognition software, or with
# disabled users, and there has been no independent accessibility audit.

# %% tags=["remove-input"]
HTML(service.footer_html(service.ACCESSIBILITY))
