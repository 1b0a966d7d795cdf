#!/usr/bin/env python3
"""Turn JATS files into the Graph extractor's input (one JSON object a line):
{"paperKey": ..., "keywords": [...], "chunks": [{"index": i, "section": ..., "text": ...}]}.

Used only to audit the extractor over ../shared/jats before module JATS lands in Graph's tests;
stdlib only (xml.etree), one chunk per paragraph (abstract, then body), tables and figures left out.

    python3 scripts/graph-chunks.py ../shared/jats/papers > /tmp/papers.jsonl
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET


def local(tag):
    return tag.rsplit('}', 1)[-1] if isinstance(tag, str) else ''


def text_of(el):
    parts = []

    def walk(e):
        name = local(e.tag)
        if name in ('table-wrap', 'fig', 'disp-formula', 'supplementary-material', 'table'):
            if e.tail:
                parts.append(e.tail)
            return
        if e.text:
            parts.append(e.text)
        for c in e:
            walk(c)
        if e.tail:
            parts.append(e.tail)

    if el.text:
        parts.append(el.text)
    for c in el:
        walk(c)
    return re.sub(r'\s+', ' ', ''.join(parts)).strip()


def paper(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return None
    doi = None
    for aid in root.iter():
        if local(aid.tag) == 'article-id' and aid.get('pub-id-type') == 'doi':
            doi = (aid.text or '').strip()
            break
    key = 'doi:' + doi if doi else os.path.basename(path)
    keywords = [text_of(k) for k in root.iter() if local(k.tag) == 'kwd']
    chunks = []

    def add(section, p):
        t = text_of(p)
        if len(t) >= 40:
            chunks.append({'index': len(chunks), 'section': section, 'text': t})

    for el in root.iter():
        if local(el.tag) == 'abstract':
            for p in el.iter():
                if local(p.tag) == 'p':
                    add('abstract', p)
    for body in root.iter():
        if local(body.tag) != 'body':
            continue
        for sec in body.iter():
            if local(sec.tag) != 'sec':
                continue
            title = next((text_of(c) for c in sec if local(c.tag) == 'title'), '')
            for p in sec:
                if local(p.tag) == 'p':
                    add(title.lower()[:40], p)
    return {'paperKey': key, 'keywords': [k for k in keywords if k], 'chunks': chunks}


def main():
    root = sys.argv[1]
    files = []
    for d, _, names in os.walk(root):
        for n in names:
            if n.endswith('.xml') or n.endswith('.nxml'):
                files.append(os.path.join(d, n))
    for f in sorted(files):
        p = paper(f)
        if p and p['chunks']:
            print(json.dumps(p, ensure_ascii=False))


if __name__ == '__main__':
    main()
