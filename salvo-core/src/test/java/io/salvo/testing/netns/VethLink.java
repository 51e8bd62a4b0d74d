package io.salvo.testing.netns;

import java.io.IOException;

/**
 * A veth pair joining two namespaces of a {@link NetnsLab}: link number {@code L} has the subnet
 * {@code 10.213.L.0/24} and the prefix {@code fd00:5a1:0:L::/64}, end {@link #a()} holds host 1 and
 * end {@link #b()} host 2.
 */
public final class VethLink {

    private final NetnsLab lab;
    private final int number;
    private final VethEnd a;
    private final VethEnd b;
    private int nextHost = 10;

    VethLink(NetnsLab lab, int number, Netns left, Netns right) {
        this.lab = lab;
        this.number = number;
        this.a = new VethEnd(this, left, "veth" + number);
        this.b = new VethEnd(this, right, "veth" + number);
    }

    /** The end in the first namespace given to {@link NetnsLab#link}. */
    public VethEnd a() {
        return a;
    }

    /** The end in the second namespace. */
    public VethEnd b() {
        return b;
    }

    /** The end inside {@code ns}. */
    public VethEnd end(Netns ns) {
        if (a.namespace() == ns) {
            return a;
        }
        if (b.namespace() == ns) {
            return b;
        }
        throw new IllegalArgumentException(ns + " is not on " + this);
    }

    /** Sets the MTU of both ends. */
    public VethLink mtu(int mtu) throws IOException {
        a.mtu(mtu);
        b.mtu(mtu);
        return this;
    }

    int number() {
        return number;
    }

    NetnsLab lab() {
        return lab;
    }

    int nextHost() {
        return nextHost++;
    }

    @Override
    public String toString() {
        return "VethLink[" + number + ": " + a + " <-> " + b + "]";
    }
}
