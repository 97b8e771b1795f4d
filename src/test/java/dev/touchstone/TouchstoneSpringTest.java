package dev.touchstone;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole application on a random port against an ephemeral embedded PostgreSQL 18 with demo data. Every Spring
 * test uses exactly this, so they share one cached context (and one database) per JVM. {@link TestClock} is the
 * application's clock: the system's time unless a test sets it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({SignIn.class, TestClock.class})
public @interface TouchstoneSpringTest {
}
