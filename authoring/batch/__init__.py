"""`authoring batch`: a bureau's folder of questionnaires → every report, 自评表, 汇总表 and submission package.

jobs.py is what a worker process does with one questionnaire (check it; render its files); runner.py hands the
questionnaires to a pool of workers and writes what comes back; progress.py shows how far it is; state.py
remembers what was built from what, so that a rerun rebuilds only what changed; workbook.py writes 汇总表;
package.py the zip archives.
"""
