package io.salvo.messaging;

/** The test protocol's hooks: login as "alice", heartbeats, PING answered with PONG, SPAM rejected. */
class TestHooks implements ProtocolHooks<Msg> {

    private final String user;

    TestHooks(String user) {
        this.user = user;
    }

    @Override
    public Msg loginRequest() {
        return user == null ? null : new Msg(Msg.LOGIN, 0, user);
    }

    @Override
    public boolean isLoginAccepted(Msg response) {
        return response.type() == Msg.LOGIN_OK;
    }

    @Override
    public boolean requiresLogin() {
        return true;
    }

    @Override
    public Msg answerLogin(Msg request) {
        boolean ok = request.type() == Msg.LOGIN && request.text().equals("alice");
        return new Msg(ok ? Msg.LOGIN_OK : Msg.LOGIN_REFUSED, request.id(), ok ? "welcome" : "go away");
    }

    @Override
    public Msg heartbeat() {
        return new Msg(Msg.HEARTBEAT, 0, "");
    }

    @Override
    public boolean isHeartbeat(Msg message) {
        return message.type() == Msg.HEARTBEAT;
    }

    @Override
    public Msg autoReply(Msg message) {
        return message.type() == Msg.PING ? new Msg(Msg.PONG, message.id(), message.text()) : null;
    }

    @Override
    public boolean reject(Msg message) {
        return message.type() == Msg.SPAM;
    }
}
