# chatsocket on a stock Jetty 12.1: `java -jar $JETTY_HOME/start.jar --add-modules=chatsocket`
# in a $JETTY_BASE holding this overlay (target/chatsocket-jetty-base.zip), then
# target/chatsocket.war copied to $JETTY_BASE/webapps/.

[description]
Server side of the chatsocket WAR: the ee10 modules it needs (deployer, annotations for Weld's and
Jasper's initializers, JSP, CDI decorating mode for injection into servlets) and the HTTP/1.1
connection factory that keeps browsers' WebSocket handshakes working on Jetty 12.1.

[tags]
chatsocket

[depend]
http
ee10-deploy
ee10-annotations
ee10-jsp
ee10-cdi-decorate

[lib]
lib/chatsocket/chatsocket-jetty-upgrade-fix.jar

[xml]
etc/chatsocket-upgrade-fix.xml
