package dev.chatsocket.lifecycle;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * For tests that stop the application themselves: their deployment ({@code managed = false}) is
 * deployed before each test and undeployed after it unless the test already did. Deploy and
 * undeploy run on the test thread, to which Arquillian's deployer context is bound.
 */
abstract class ManuallyDeployed {

    @ArquillianResource
    private Deployer deployer;

    private boolean deployed;

    /** The name of the test's {@code @Deployment(managed = false)}. */
    abstract String deploymentName();

    @BeforeEach
    final void deployBeforeTest() {
        deployNow();
    }

    @AfterEach
    final void undeployAfterTest() {
        if (deployed) {
            undeployNow();
        }
    }

    final void deployNow() {
        deployer.deploy(deploymentName());
        deployed = true;
    }

    final void undeployNow() {
        deployed = false;
        deployer.undeploy(deploymentName());
    }
}
