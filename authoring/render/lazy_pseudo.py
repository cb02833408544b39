"""The styles of the ::marker, ::footnote-* and ::note-* pseudo-elements computed when a box asks for them.

WeasyPrint's user-agent stylesheet (css/html5_ua.css) has six rules for pseudo-elements on every element:
`::marker`, `::footnote-call`, `::footnote-marker`, `::note-call`, `::note-marker`, `::note-callback`. So its
cascade (css/__init__.py `StyleFor`) adds their 14 declarations to every element of the document and then
computes six pseudo-element styles for each: 0.06 of the cascade's 0.07 s of CPU per report (measured),
for pseudo-elements that exist only on a list item (::marker), a footnote (float: footnote) or a note.

`install()` takes these six rules out of the stylesheet's matcher and adds their declarations where a
pseudo-element's style is computed: at once, as before, for a pseudo-element an author's rule names
(`li::marker { … }`; the author's declarations win, as in the cascade, since a user-agent declaration always
has the lowest precedence), and otherwise the first time the box builder asks for it. Every style asked for
is therefore the same as before; the ones nobody asks for are not made. It reaches into WeasyPrint's
internals, so only for the versions in SUPPORTED (a test fails when the installed WeasyPrint is not one of
them, and one renders lists, markers and footnotes both ways); with another version nothing changes.
"""

from __future__ import annotations

SUPPORTED = ("70.0",)
PSEUDO = ("marker", "footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback")

_originals: dict[str, object] = {}
_declarations: dict[str, dict] = {}  # pseudo-element → {name: (values, weight)} of its user-agent rule


def install() -> None:
    """Defer the six user-agent rules (once per process; a no-op for another WeasyPrint version or sheet)."""
    import weasyprint

    if weasyprint.__version__ not in SUPPORTED or _originals:
        return
    from weasyprint.css import StyleFor, declaration_precedence
    from weasyprint.html import UA_STYLESHEET

    matcher = UA_STYLESHEET.matcher
    rules = [entry for entry in matcher.other_selectors if entry[3] in PSEUDO]
    if sorted(entry[3] for entry in rules) != sorted(PSEUDO) or any(entry[4][1] is not None for entry in rules):
        return  # not the stylesheet this was written for: one rule per pseudo-element, no layer
    _declarations.clear()
    for test, specificity, order, pseudo, (declarations, _layer) in sorted(rules, key=lambda e: (e[1], e[2])):
        cascaded = _declarations.setdefault(pseudo, {})
        for name, values, importance in declarations:  # as StyleFor.__init__ adds them, layer_order inf
            weight = (declaration_precedence("user agent", importance), float("inf"), specificity)
            old = cascaded.get(name)
            if old is None or old[1] <= weight:
                cascaded[name] = values, weight
    _originals["other_selectors"] = list(matcher.other_selectors)
    _originals["init"] = StyleFor.__init__
    _originals["call"] = StyleFor.__call__
    _originals["set_computed_styles"] = StyleFor.set_computed_styles
    matcher.other_selectors[:] = [entry for entry in matcher.other_selectors if entry[3] not in PSEUDO]
    StyleFor.__init__ = _init
    StyleFor.__call__ = _call
    StyleFor.set_computed_styles = _set_computed_styles


def uninstall() -> None:
    """WeasyPrint's own cascade again (the tests compare both)."""
    from weasyprint.css import StyleFor
    from weasyprint.html import UA_STYLESHEET

    if _originals:
        UA_STYLESHEET.matcher.other_selectors[:] = _originals.pop("other_selectors")
        StyleFor.__init__ = _originals.pop("init")
        StyleFor.__call__ = _originals.pop("call")
        StyleFor.set_computed_styles = _originals.pop("set_computed_styles")


def active() -> bool:
    from weasyprint.css import StyleFor

    return bool(_originals) and StyleFor.__call__ is _call


def _init(self, html, sheets, presentational_hints, font_config, target_collector):
    self._deferred_pseudo = (html.etree_element, html.base_url, target_collector)
    _originals["init"](self, html, sheets, presentational_hints, font_config, target_collector)


def _call(self, element, pseudo_type=None):
    if (pseudo_type in _declarations and (element, pseudo_type) not in self._computed_styles
            and (element, None) in self._computed_styles):
        root, base_url, target_collector = self._deferred_pseudo
        self.set_computed_styles(element, parent=element, root=root, pseudo_type=pseudo_type, base_url=base_url,
                                 target_collector=target_collector)
    return _originals["call"](self, element, pseudo_type)


def _set_computed_styles(self, element, parent, root=None, pseudo_type=None, base_url=None, target_collector=None):
    """StyleFor.set_computed_styles for a pseudo-element (never the root), with the deferred declarations."""
    if pseudo_type not in _declarations or parent is None:
        return _originals["set_computed_styles"](self, element, parent, root, pseudo_type, base_url, target_collector)
    from weasyprint.css import ComputedStyle

    cascaded = dict(_declarations[pseudo_type])
    for name, (values, weight) in self._cascaded_styles.get((element, pseudo_type), {}).items():
        old = cascaded.get(name)
        if old is None or old[1] <= weight:
            cascaded[name] = values, weight
    computed_styles = self._computed_styles
    computed = computed_styles[element, pseudo_type] = ComputedStyle(
        computed_styles[parent, None], cascaded, pseudo_type, computed_styles[root, None], base_url,
        self.font_config, self.initial_page_sizes)
    if target_collector and computed["anchor"]:
        target_collector.collect_anchor(computed["anchor"])
