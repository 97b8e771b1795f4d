package dev.touchstone.demo;

/** A documented demo login, shown on the sign-in page while demo mode is on. */
public record DemoAccount(String email, String password, String organization, String roles) {
}
