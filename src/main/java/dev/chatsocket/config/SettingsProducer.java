package dev.chatsocket.config;

import dev.chatsocket.chat.web.ChatSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;

/** Hands the branches of the settings tree to the beans and servlets that inject them. */
@ApplicationScoped
public class SettingsProducer {
    @Inject
    ServletContext servletContext;

    @Produces
    ChatSettings chat() {
        return ApplicationConfig.of(servletContext).chat();
    }
}
