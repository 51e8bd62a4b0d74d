package io.salvo.messaging;

/** The test protocol's message: a type, an id and some text. */
record Msg(int type, long id, String text) {

    static final int REQUEST = 1;
    static final int RESPONSE = 2;
    static final int HEARTBEAT = 3;
    static final int PING = 4;
    static final int PONG = 5;
    static final int LOGIN = 6;
    static final int LOGIN_OK = 7;
    static final int LOGIN_REFUSED = 8;
    static final int SPAM = 9;
    static final int MAX_TYPE = 9;

    static Msg request(long id) {
        return new Msg(REQUEST, id, "q" + id);
    }

    static Msg response(Msg request) {
        return new Msg(RESPONSE, request.id(), "re:" + request.text());
    }
}
