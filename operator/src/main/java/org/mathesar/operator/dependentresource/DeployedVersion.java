package org.mathesar.operator.dependentresource;

/**
 * The version and image the web pods run: the last migrated version, not necessarily the target.
 */
public record DeployedVersion(String version, String image) {}
