#!/usr/bin/env python3
"""Summarises an HTML report page (as written, or as a browser rendered it with
--dump-dom) as plain lines for FileCheck.

usage: html_dom.py index <file>   the filter, and each finding row: shown or hidden
       html_dom.py page <file>    each source row and marker: which file and
                                  line a marker sits under, and the links

A marker's line is the line number of the source row just above it, found by
walking the table as a reader's eye does, not read from an attribute.
"""
import html.parser
import sys


class Walker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.stack = []          # (tag, attrs) of open elements
        self.text = None         # collecting text of an element: [tag, depth, parts]
        self.file = None
        self.line = None
        self.in_findings = False
        self.in_ln = False

    def attrs_of(self, attrs):
        return {k: (v if v is not None else '') for k, v in attrs}

    def handle_starttag(self, tag, attrs):
        a = self.attrs_of(attrs)
        if tag in ('meta', 'br', 'input', 'link', 'img'):
            self.void(tag, a)
            return
        self.stack.append((tag, a))
        cls = a.get('class', '').split()
        if tag == 'div' and a.get('id') == 'filter':
            self.out.append('filter %s' % ('hidden' if 'hidden' in a else 'visible'))
        if tag == 'table' and a.get('id') == 'findings':
            self.in_findings = True
        if tag == 'tr' and self.in_findings and a.get('id', '').startswith('finding-'):
            self.out.append('row %s %s %s' % (a['id'], a.get('data-check'),
                                              'hidden' if 'hidden' in a else 'shown'))
        if tag == 'h3':
            self.start_text('h3')
        if tag == 'tr' and a.get('id', '').startswith('f') and '-L' in a.get('id', ''):
            self.row_class = ' '.join(cls)
        if tag == 'td' and 'ln' in cls:
            self.start_text('ln')
        if tag == 'div' and 'marker' in cls:
            self.marker = a
            self.start_text('marker')
        if tag == 'a' and a.get('href') and (a.get('id') == 'to-index' or
                                             a.get('rel') in ('prev', 'next')):
            self.out.append('link %s %s' % (a.get('id') or a.get('rel'), a['href']))
        if tag == 'span' and a.get('id') == 'shown':
            self.start_text('shown')

    def void(self, tag, a):
        if tag == 'meta' and a.get('http-equiv') == 'Content-Security-Policy':
            self.out.append('csp %s' % a.get('content'))

    def start_text(self, kind):
        self.text = [kind, len(self.stack), []]

    def handle_data(self, data):
        top = self.stack[-1] if self.stack else ('', {})
        if self.text and self.text[0] == 'marker':
            # The bubble: its number (own span), its message, step arrows.
            if top[0] == 'span' and 'num' in top[1].get('class', ''):
                self.marker_num = data.strip()
            elif top[0] != 'a':
                self.text[2].append(data)
            return
        if self.text:
            self.text[2].append(data)

    def handle_endtag(self, tag):
        if self.text and len(self.stack) == self.text[1]:
            kind, _, parts = self.text
            s = ''.join(parts).strip()
            self.text = None
            if kind == 'h3':
                self.file = s
                self.line = None
            elif kind == 'ln':
                if s.isdigit():
                    self.line = int(s)
                    self.out.append(('source %s:%d %s' % (
                        self.file, self.line, getattr(self, 'row_class', ''))).rstrip())
            elif kind == 'marker':
                self.out.append('marker %s under %s:%s%s: %s' % (
                    self.marker_num, self.file, self.line,
                    ' finding' if 'finding' in self.marker.get('class', '') else '', s))
            elif kind == 'shown':
                self.out.append('shown-text %s' % s)
        if tag == 'table':
            self.in_findings = False
        if tag == 'tr':
            self.row_class = ''
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break


def main():
    mode, path = sys.argv[1], sys.argv[2]
    with open(path, encoding='utf-8') as f:
        text = f.read()
    w = Walker()
    w.feed(text)
    lines = w.out
    if mode == 'index':
        lines = [l for l in lines if not l.startswith(('source', 'marker'))]
    for l in lines:
        print(l)


if __name__ == '__main__':
    main()
