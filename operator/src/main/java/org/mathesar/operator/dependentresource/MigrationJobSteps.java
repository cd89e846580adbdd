package org.mathesar.operator.dependentresource;

/** What the migration Job about to be made does besides migrating. */
public record MigrationJobSteps(boolean createsAdmin) {}
