#!/usr/bin/env python3
"""Prints a stable, line-oriented digest of a SARIF file for FileCheck, or
compares the results of two SARIF files.

  sarif_query.py digest <file>      one line per result and notification
  sarif_query.py same-results <a> <b>   exit 1 unless both hold the same results
"""
import json
import sys


def results(path):
    with open(path) as f:
        doc = json.load(f)
    assert doc['version'] == '2.1.0', 'not SARIF 2.1.0'
    assert len(doc['runs']) == 1, 'expected exactly one run'
    return doc, doc['runs'][0]


def digest(path):
    doc, run = results(path)
    d = run['tool']['driver']
    print('tool', d['name'], d['semanticVersion'])
    for rule in d['rules']:
        p = rule['properties']
        print('rule', rule['id'], 'severity=%r' % p['security-severity'],
              'tags=%s' % ','.join(p['tags']), 'help=%d' % len(rule['help']['markdown']))
    for r in run.get('results', []):
        loc = r['locations'][0]['physicalLocation']
        reg = loc['region']
        print('result', r['ruleId'], 'idx=%d' % r['ruleIndex'], r['level'],
              '%s%s:%d:%d-%d:%d' % (loc['artifactLocation'].get('uriBaseId', '') + '/' if 'uriBaseId' in loc['artifactLocation'] else '',
                                    loc['artifactLocation']['uri'], reg['startLine'],
                                    reg['startColumn'], reg['endLine'], reg['endColumn']),
              'fp=%s' % r['partialFingerprints']['primaryLocationLineHash'],
              'related=%d' % len(r.get('relatedLocations', [])),
              'flows=%d' % len(r.get('codeFlows', [])),
              'suppressed=%s' % ','.join(s['kind'] for s in r.get('suppressions', [])),
              '|', r['message']['text'])
    for inv in run.get('invocations', []):
        print('invocation success=%s' % inv['executionSuccessful'])
        for n in inv.get('toolExecutionNotifications', []):
            print('notification', n['level'], n['message']['text'])
    if 'automationDetails' in run:
        print('category', run['automationDetails']['id'])
    if 'originalUriBaseIds' in run:
        print('srcroot', run['originalUriBaseIds']['%SRCROOT%']['uri'])


def key(r):
    return json.dumps({k: v for k, v in r.items() if k != 'ruleIndex'}, sort_keys=True)


def same(a, b):
    _, ra = results(a)
    _, rb = results(b)
    ka = sorted(key(r) for r in ra.get('results', []))
    kb = sorted(key(r) for r in rb.get('results', []))
    if ka != kb:
        sys.stderr.write('results differ: %d vs %d\n' % (len(ka), len(kb)))
        sys.exit(1)
    print('same results: %d' % len(ka))


if sys.argv[1] == 'digest':
    digest(sys.argv[2])
elif sys.argv[1] == 'same-results':
    same(sys.argv[2], sys.argv[3])
else:
    sys.exit('unknown command')
