"""A faster tree builder for mwparserfromhell: the same node tree, in about a third of the time.

`mwparserfromhell.parse` is a C tokenizer followed by a pure-Python builder that turns the
tokens into nodes. On Wikipedia pages the builder is most of the reading time (2.6 s of a 3 s
parse of the shared wikitext pages): every node is made through its public constructor, whose
property setters pass each child through `utils.parse_anything`, which re-imports four modules
and runs a chain of isinstance tests per call, for values that are already `Wikicode`.

`build` below walks the token list exactly as `mwparserfromhell.parser.builder.Builder` does,
but makes the frequent nodes (Text, Tag, Template, Parameter, Wikilink, Comment) by setting
the attributes their constructors would set; rare nodes (headings, attributes, external links,
entities, arguments) still go through their constructors. The tree is the library's own: the
same classes, the same attributes, so every mwparserfromhell method works on it unchanged.

That depends on the node classes' private attributes, so it is used only for the versions it
was checked against (`VERIFIED`, compared node for node with the library's builder on every
shared page by tests/readers/test_wikitext_build.py); any other version, or a build without the
C tokenizer, gets `mwparserfromhell.parse` itself.
"""

from __future__ import annotations

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument, Comment, ExternalLink, Heading, HTMLEntity, Tag, Template, Text, Wikilink,
)
from mwparserfromhell.nodes.extras import Attribute, Parameter
from mwparserfromhell.parser import tokens as T
from mwparserfromhell.parser.errors import ParserError
from mwparserfromhell.smart_list import SmartList
from mwparserfromhell.wikicode import Wikicode

try:
    from mwparserfromhell.parser._tokenizer import CTokenizer
except ImportError:  # pragma: no cover - a build without the C extension
    CTokenizer = None

VERIFIED = ("0.7.",)  # version prefixes whose node attributes the builder below reproduces
ENABLED = CTokenizer is not None and mwparserfromhell.__version__.startswith(VERIFIED)

_new = object.__new__
_TEXT = T.Text
# Tokens are dicts whose attributes (`token.text`) go through `__getattr__` -> `self.get` only
# after a failed normal lookup; `token.get("text")` is the same value without that detour.


def parse(text: str) -> Wikicode:
    """`mwparserfromhell.parse(text)`, built faster where that is known to give the same tree."""
    if not ENABLED:
        return mwparserfromhell.parse(text)
    return build(CTokenizer().tokenize(text, 0, False))


def build(tokenlist: list) -> Wikicode:
    """The Wikicode tree of a token list (consumed), as `Builder().build` makes it."""
    return _Builder(tokenlist).build()


def _code(nodes: list) -> Wikicode:
    code = _new(Wikicode)  # Wikicode.__init__ only stores the list
    code._nodes = SmartList(nodes)
    return code


def _text(value: str) -> Text:
    node = _new(Text)
    node._value = value
    return node


class _Builder:
    """`mwparserfromhell.parser.builder.Builder`, step for step; see the module docstring."""

    def __init__(self, tokenlist: list) -> None:
        tokenlist.reverse()
        self.tokens = tokenlist
        self.handlers = {
            T.Text: lambda token: _text(token.get("text")),
            T.TemplateOpen: self.template,
            T.ArgumentOpen: self.argument,
            T.WikilinkOpen: self.wikilink,
            T.ExternalLinkOpen: self.external_link,
            T.HTMLEntityStart: self.entity,
            T.HeadingStart: self.heading,
            T.CommentStart: self.comment,
            T.TagOpenOpen: self.tag,
        }

    def build(self) -> Wikicode:
        nodes: list = []
        tokens, handle = self.tokens, self.handle
        while tokens:
            token = tokens.pop()
            nodes.append(_text(token.get("text")) if type(token) is _TEXT else handle(token))
        return _code(nodes)

    def handle(self, token):
        handler = self.handlers.get(type(token))
        if handler is None:
            raise ParserError(f"_handle_token() got unexpected {type(token).__name__}")
        return handler(token)

    def _until(self, stop: tuple, nodes: list):
        """Handle tokens into `nodes` up to the first token of a type in `stop`, returned."""
        tokens, handle = self.tokens, self.handle
        while tokens:
            token = tokens.pop()
            kind = type(token)
            if kind in stop:
                return token
            nodes.append(_text(token.get("text")) if kind is _TEXT else handle(token))
        return None

    # -- the frequent nodes, made directly ------------------------------------------------
    def template(self, token) -> Template:
        name = None
        params: list = []
        default = 1
        nodes: list = []
        tokens = self.tokens
        while tokens:
            token = tokens.pop()
            kind = type(token)
            if kind is T.TemplateParamSeparator:
                if not params:
                    name = _code(nodes)
                param = self.parameter(default)
                params.append(param)
                if not param._showkey:
                    default += 1
            elif kind is T.TemplateClose:
                if not params:
                    name = _code(nodes)
                node = _new(Template)
                node._name = name
                node._params = params
                return node
            elif kind is _TEXT:  # most tokens: handled inline
                nodes.append(_text(token.get("text")))
            else:
                nodes.append(self.handle(token))
        raise ParserError("_handle_template() missed a close token")

    def parameter(self, default: int) -> Parameter:
        key = None
        showkey = False
        nodes: list = []
        tokens = self.tokens
        while tokens:
            token = tokens.pop()
            kind = type(token)
            if kind is T.TemplateParamEquals:
                key = _code(nodes)
                showkey = True
                nodes = []
            elif kind is T.TemplateParamSeparator or kind is T.TemplateClose:
                tokens.append(token)
                if key is None:
                    key = _code([_text(str(default))])
                param = _new(Parameter)
                param._name = key
                param._value = _code(nodes)
                param._showkey = showkey
                return param
            elif kind is _TEXT:  # most tokens: handled inline
                nodes.append(_text(token.get("text")))
            else:
                nodes.append(self.handle(token))
        raise ParserError("_handle_parameter() missed a close token")

    def wikilink(self, token) -> Wikilink:
        title = None
        nodes: list = []
        tokens = self.tokens
        while tokens:
            token = tokens.pop()
            kind = type(token)
            if kind is T.WikilinkSeparator:
                title = _code(nodes)
                nodes = []
            elif kind is T.WikilinkClose:
                node = _new(Wikilink)
                if title is not None:
                    node._title, node._text = title, _code(nodes)
                else:
                    node._title, node._text = _code(nodes), None
                return node
            elif kind is _TEXT:  # most tokens: handled inline
                nodes.append(_text(token.get("text")))
            else:
                nodes.append(self.handle(token))
        raise ParserError("_handle_wikilink() missed a close token")

    def comment(self, token) -> Comment:
        nodes: list = []
        if self._until((T.CommentEnd,), nodes) is None:
            raise ParserError("_handle_comment() missed a close token")
        node = _new(Comment)
        node._contents = str(_code(nodes))
        return node

    def tag(self, token) -> Tag:
        tag = None
        padding = None
        implicit, attrs, contents, closing_tag = False, [], None, None
        wiki_markup, invalid = token.get("wiki_markup"), token.get("invalid") or False
        wiki_style_separator, closing_wiki_markup = None, wiki_markup
        nodes: list = []
        tokens = self.tokens
        while tokens:
            token = tokens.pop()
            kind = type(token)
            if kind is T.TagAttrStart:
                attrs.append(self.attribute(token))
            elif kind is T.TagCloseOpen:
                wiki_style_separator = token.get("wiki_markup")
                padding = token.get("padding") or ""
                tag = _code(nodes)
                nodes = []
            elif kind is T.TagOpenClose:
                closing_wiki_markup = token.get("wiki_markup")
                contents = _code(nodes)
                nodes = []
            elif kind is T.TagCloseSelfclose or kind is T.TagCloseClose:
                if kind is T.TagCloseSelfclose:
                    closing_wiki_markup = token.get("wiki_markup")
                    tag = _code(nodes)
                    self_closing = True
                    padding = token.get("padding") or ""
                    implicit = token.get("implicit") or False
                else:
                    self_closing = False
                    closing_tag = _code(nodes)
                assert tag is not None
                assert padding is not None
                return _make_tag(tag, contents, attrs, wiki_markup, self_closing, invalid,
                                 implicit, padding, closing_tag, wiki_style_separator,
                                 closing_wiki_markup)
            elif kind is _TEXT:  # most tokens: handled inline
                nodes.append(_text(token.get("text")))
            else:
                nodes.append(self.handle(token))
        raise ParserError("_handle_tag() missed a close token")

    # -- the rare nodes, through their constructors ---------------------------------------
    def attribute(self, start) -> Attribute:
        name = quotes = None
        nodes: list = []
        tokens = self.tokens
        while tokens:
            token = tokens.pop()
            kind = type(token)
            if kind is T.TagAttrEquals:
                name = _code(nodes)
                nodes = []
            elif kind is T.TagAttrQuote:
                quotes = token.get("char")
            elif kind is T.TagAttrStart or kind is T.TagCloseOpen or kind is T.TagCloseSelfclose:
                tokens.append(token)
                if name:
                    value = _code(nodes)
                else:
                    name, value = _code(nodes), None
                return Attribute(name, value, quotes, start.get("pad_first"), start.get("pad_before_eq"),
                                 start.get("pad_after_eq"))
            elif kind is _TEXT:  # most tokens: handled inline
                nodes.append(_text(token.get("text")))
            else:
                nodes.append(self.handle(token))
        raise ParserError("_handle_attribute() missed a close token")

    def argument(self, token) -> Argument:
        name = None
        nodes: list = []
        tokens = self.tokens
        while tokens:
            token = tokens.pop()
            kind = type(token)
            if kind is T.ArgumentSeparator:
                name = _code(nodes)
                nodes = []
            elif kind is T.ArgumentClose:
                if name is not None:
                    return Argument(name, _code(nodes))
                return Argument(_code(nodes))
            elif kind is _TEXT:  # most tokens: handled inline
                nodes.append(_text(token.get("text")))
            else:
                nodes.append(self.handle(token))
        raise ParserError("_handle_argument() missed a close token")

    def external_link(self, token) -> ExternalLink:
        brackets, url, suppress_space = token.get("brackets"), None, None
        nodes: list = []
        tokens = self.tokens
        while tokens:
            token = tokens.pop()
            kind = type(token)
            if kind is T.ExternalLinkSeparator:
                url = _code(nodes)
                suppress_space = token.get("suppress_space")
                nodes = []
            elif kind is T.ExternalLinkClose:
                if url is not None:
                    return ExternalLink(url, _code(nodes), brackets=brackets,
                                        suppress_space=suppress_space is True)
                return ExternalLink(_code(nodes), brackets=brackets,
                                    suppress_space=suppress_space is True)
            elif kind is _TEXT:  # most tokens: handled inline
                nodes.append(_text(token.get("text")))
            else:
                nodes.append(self.handle(token))
        raise ParserError("_handle_external_link() missed a close token")

    def entity(self, token) -> HTMLEntity:
        tokens = self.tokens
        token = tokens.pop()
        if isinstance(token, T.HTMLEntityNumeric):
            token = tokens.pop()
            if isinstance(token, T.HTMLEntityHex):
                text = tokens.pop()
                tokens.pop()  # HTMLEntityEnd
                return HTMLEntity(text.get("text"), named=False, hexadecimal=True,
                                  hex_char=token.get("char"))
            tokens.pop()
            return HTMLEntity(token.get("text"), named=False, hexadecimal=False)
        tokens.pop()
        return HTMLEntity(token.get("text"), named=True, hexadecimal=False)

    def heading(self, token) -> Heading:
        level = token.get("level")
        nodes: list = []
        if self._until((T.HeadingEnd,), nodes) is None:
            raise ParserError("_handle_heading() missed a close token")
        return Heading(_code(nodes), level)


def _make_tag(tag, contents, attrs, wiki_markup, self_closing, invalid, implicit, padding,
              closing_tag, wiki_style_separator, closing_wiki_markup) -> Tag:
    """What `Tag.__init__` sets, in its order, for the argument types the builder passes."""
    node = _new(Tag)
    node._tag = node._closing_tag = tag
    node._contents = contents if contents is not None else _code([])
    node._attrs = attrs if attrs else []
    node._closing_wiki_markup = None
    node._wiki_markup = str(wiki_markup) if wiki_markup else None
    node._closing_wiki_markup = node._wiki_markup
    node._self_closing = bool(self_closing)
    node._invalid = bool(invalid)
    node._implicit = bool(implicit)
    if padding and not str(padding).isspace():
        raise ValueError("padding must be entirely whitespace")
    node._padding = str(padding) if padding else ""
    if closing_tag is not None:
        node._closing_tag = closing_tag
    node._wiki_style_separator = str(wiki_style_separator) if wiki_style_separator else None
    if closing_wiki_markup is not None:
        node._closing_wiki_markup = str(closing_wiki_markup) if closing_wiki_markup else None
    return node
