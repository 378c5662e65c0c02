"""What each process declares it reads and writes: well-formed, existing columns, one writer each."""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict

import pytest

import govsim.processes as processes
from govsim.state import (
    CaseLedger,
    CentreState,
    DepartmentTable,
    EnterpriseTable,
    GridWorkerTable,
    Population,
    ProblemStore,
    ReportLog,
    VillageTable,
)

PROCESSES = [getattr(processes, name) for name in processes.__all__]


def _public_attributes(store: object) -> set[str]:
    return {name for name in vars(store) if not name.startswith("_")}


#: The columns of each state table a process may declare (a column store's public attributes,
#: such as the report log's ``joiners``, count as columns).
TABLES: dict[str, set[str]] = {
    "population": {f.name for f in dataclasses.fields(Population)},
    "grid_workers": {f.name for f in dataclasses.fields(GridWorkerTable)},
    "enterprises": {f.name for f in dataclasses.fields(EnterpriseTable)},
    "villages": {f.name for f in dataclasses.fields(VillageTable)},
    "departments": {f.name for f in dataclasses.fields(DepartmentTable)},
    "centre": {f.name for f in dataclasses.fields(CentreState)},
    "ledger": set(CaseLedger.COLUMNS) | _public_attributes(CaseLedger()),
    "problems": set(ProblemStore.COLUMNS) | _public_attributes(ProblemStore()),
    "reports": set(ReportLog.COLUMNS) | _public_attributes(ReportLog()),
}
#: Tables read as a whole (static structure without per-column declarations)
WHOLE_TABLES = {"layout", "network", *TABLES}
#: Processes that put a case in a stage, and so write the ledger's ``stage``
STAGE_WRITERS = {"Intake", "LocalSettlement", "Routing", "DepartmentProcessing", "Closing"}

READ_ENTRY = re.compile(r"^(?P<table>[a-z_]+)(\.(?P<column>[a-z_]+))?$")
WRITE_ENTRY = re.compile(r"^(?P<table>[a-z_]+)(\.(?P<column>[a-z_]+)|\+)$")


def test_every_process_of_the_package_is_checked() -> None:
    assert len(PROCESSES) == 20
    assert all(isinstance(p, type) for p in PROCESSES)


@pytest.mark.parametrize("process", PROCESSES, ids=lambda p: p.__name__)
def test_process_declares_reads_and_writes_as_tuples_of_names(process: type) -> None:
    for attribute in ("READS", "WRITES"):
        declared = getattr(process, attribute)
        assert isinstance(declared, tuple), f"{process.__name__}.{attribute}"
        assert all(isinstance(entry, str) for entry in declared)
        assert len(set(declared)) == len(declared), f"{process.__name__}.{attribute} repeats"


@pytest.mark.parametrize("process", PROCESSES, ids=lambda p: p.__name__)
def test_written_entries_are_table_columns_or_appended_tables(process: type) -> None:
    for entry in process.WRITES:
        match = WRITE_ENTRY.match(entry)
        assert match, f"{process.__name__}.WRITES: {entry!r} is neither 'table.column' nor 'table+'"
        assert match["table"] in TABLES, f"{process.__name__}.WRITES: no state table {entry!r}"
        if match["column"]:
            assert match["column"] in TABLES[match["table"]], (
                f"{process.__name__}.WRITES: {entry!r} is not a column of {match['table']}"
            )


@pytest.mark.parametrize("process", PROCESSES, ids=lambda p: p.__name__)
def test_read_entries_are_tables_or_their_columns(process: type) -> None:
    for entry in process.READS:
        match = READ_ENTRY.match(entry)
        assert match, f"{process.__name__}.READS: {entry!r} is neither 'table' nor 'table.column'"
        assert match["table"] in WHOLE_TABLES, f"{process.__name__}.READS: no state table {entry!r}"
        if match["column"]:
            assert match["column"] in TABLES[match["table"]], (
                f"{process.__name__}.READS: {entry!r} is not a column of {match['table']}"
            )


def _writers() -> dict[str, set[str]]:
    writers: dict[str, set[str]] = defaultdict(set)
    for process in PROCESSES:
        for entry in process.WRITES:
            writers[entry].add(process.__name__)
    return writers


def test_every_written_column_has_exactly_one_writer() -> None:
    shared = {
        entry: sorted(names)
        for entry, names in _writers().items()
        if len(names) > 1 and entry != "ledger.stage"
    }
    assert shared == {}


def test_the_ledgers_stage_is_written_by_the_processes_that_hold_a_case() -> None:
    assert _writers()["ledger.stage"] == STAGE_WRITERS
