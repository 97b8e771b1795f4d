package dev.touchstone.organization.api;

import dev.touchstone.organization.AccountService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * The signed-in person's own password over the JSON API (session and CSRF header; API tokens cannot reach it), the
 * same rules as the account page. The session that changes it stays signed in; the person's other sessions end.
 */
@RestController
@RequestMapping("/api/v1/me")
class AccountApiController {

    record PasswordChange(String currentPassword, String newPassword) {
    }

    private final AccountService accounts;

    AccountApiController(AccountService accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/password")
    ResponseEntity<Void> changePassword(@RequestBody PasswordChange change) {
        accounts.changePassword(change.currentPassword(), change.newPassword());
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
