package io.salvo.quic.admission;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionTableTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static ConnectionTable.Entry entry(long id, String ip, long weight) throws Exception {
        return new ConnectionTable.Entry(id, ip(ip), weight, null);
    }

    @Test
    void refusesBeyondTheTotalWhenNobodyIsLighter() throws Exception {
        ConnectionTable table = new ConnectionTable(2, 8, 1000, 10, 0);
        assertThat(table.admit(entry(1, "10.0.0.1", 0)).outcome()).isEqualTo(ConnectionTable.Outcome.ACCEPTED);
        assertThat(table.admit(entry(2, "10.0.0.2", 0)).outcome()).isEqualTo(ConnectionTable.Outcome.ACCEPTED);
        assertThat(table.admit(entry(3, "10.0.0.3", 0)).outcome()).isEqualTo(ConnectionTable.Outcome.REFUSED_TOTAL);
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void refusesBeyondThePerIpLimitEvenWhenThereIsRoom() throws Exception {
        ConnectionTable table = new ConnectionTable(10, 2, 1000, 10, 0);
        table.admit(entry(1, "10.0.0.1", 0));
        table.admit(entry(2, "10.0.0.1", 0));
        assertThat(table.admit(entry(3, "10.0.0.1", 0)).outcome()).isEqualTo(ConnectionTable.Outcome.REFUSED_PER_IP);
        assertThat(table.admit(entry(4, "10.0.0.2", 0)).accepted()).isTrue();
    }

    @Test
    void aHeavierNewcomerEvictsTheLightestAndOldestConnection() throws Exception {
        ConnectionTable table = new ConnectionTable(3, 8, 1000, 10, 100);
        ConnectionTable.Entry light1 = entry(1, "10.0.0.1", 5);
        ConnectionTable.Entry light2 = entry(2, "10.0.0.2", 5);
        table.admit(light1);
        table.admit(light2);
        table.admit(entry(3, "10.0.0.3", 50));
        ConnectionTable.Admission a = table.admit(entry(4, "10.0.0.4", 40));
        assertThat(a.outcome()).isEqualTo(ConnectionTable.Outcome.ACCEPTED_AFTER_EVICTION);
        assertThat(a.evicted()).isSameAs(light1);
        assertThat(table.entries()).extracting(ConnectionTable.Entry::id).containsExactly(2L, 3L, 4L);
        // An equal weight never evicts.
        assertThat(table.admit(entry(5, "10.0.0.5", 5)).outcome()).isEqualTo(ConnectionTable.Outcome.REFUSED_TOTAL);
    }

    @Test
    void weightsDivideTheBudgetAndAPeersConnectionsSplitItsShare() throws Exception {
        ConnectionTable table = new ConnectionTable(10, 8, 1000, 10, 100);
        ConnectionTable.Entry heavy = entry(1, "10.0.0.1", 75);
        ConnectionTable.Entry light = entry(2, "10.0.0.2", 25);
        ConnectionTable.Entry unstaked = entry(3, "10.0.0.3", 0);
        table.admit(heavy);
        table.admit(light);
        table.admit(unstaked);
        assertThat(heavy.streamsPerSecond()).isEqualTo(750);
        assertThat(light.streamsPerSecond()).isEqualTo(250);
        assertThat(unstaked.streamsPerSecond()).isEqualTo(10);

        ConnectionTable.Entry heavy2 = entry(4, "10.0.0.1", 75);
        table.admit(heavy2);
        assertThat(heavy.streamsPerSecond()).isEqualTo(375);
        assertThat(heavy2.streamsPerSecond()).isEqualTo(375);
        table.remove(heavy2);
        assertThat(heavy.streamsPerSecond()).isEqualTo(750);
    }

    @Test
    void aTinyStakeNeverGetsLessThanAnUnstakedPeer() throws Exception {
        ConnectionTable table = new ConnectionTable(10, 8, 1000, 10, 1_000_000);
        ConnectionTable.Entry tiny = entry(1, "10.0.0.1", 1);
        table.admit(tiny);
        assertThat(tiny.streamsPerSecond()).isEqualTo(10);
    }
}
