package dev.touchstone.organization;

/**
 * Something asked for does not exist in the current organization. Rows of other organizations are reported the
 * same way, so that ids of other tenants cannot be probed.
 */
public class NotFoundInOrganizationException extends RuntimeException {

    public NotFoundInOrganizationException(String what) {
        super(what + " not found");
    }
}
