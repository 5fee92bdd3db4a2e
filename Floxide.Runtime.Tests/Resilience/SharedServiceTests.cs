namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// Two adaptive batches calling one service, simulated round by round on the gate itself: each round every batch runs
/// as many attempts as its level allows, the service serves <c>capacity</c> of them and throttles the rest (a seeded
/// shuffle decides which, as arrival order would). No clock: a round stands for one service time.
/// </summary>
public class SharedServiceTests
{
    private const int Rounds = 10_000;
    private const int SecondJoinsAt = 500;
    private const int MeasuredFrom = 1_000;

    [Theory]
    [InlineData(4, 7)]
    [InlineData(4, 8)]
    [InlineData(10, 7)]
    [InlineData(10, 8)]
    [InlineData(24, 7)]
    [InlineData(24, 8)]
    [InlineData(100, 7)]
    [InlineData(100, 8)]
    public void A_batch_that_joins_one_already_using_the_service_gets_an_even_share_and_together_they_keep_it_busy(int capacity, int seed)
    {
        var random = new Random(seed);
        var gates = new List<ConcurrencyGate> { Gate() };
        var attempts = new long[2];
        long served = 0, throttled = 0;
        for (var round = 0; round < Rounds; round++)
        {
            if (round == SecondJoinsAt)
            {
                gates.Add(Gate()); // it starts at the default level, in slow start, beside a batch that settled long ago
            }

            var entered = new List<(int Batch, long Round)>();
            for (var batch = 0; batch < gates.Count; batch++)
            {
                for (var level = gates[batch].Level; level > 0; level--)
                {
                    entered.Add((batch, Enter(gates[batch])));
                }
            }

            var arrival = entered.OrderBy(_ => random.Next()).ToList();
            for (var k = 0; k < arrival.Count; k++)
            {
                var (batch, entry) = arrival[k];
                gates[batch].Exit(entry, k < capacity ? ConcurrencyGate.Signal.Success : ConcurrencyGate.Signal.Throttled);
            }

            if (round >= MeasuredFrom)
            {
                attempts[0] += entered.Count(e => e.Batch == 0);
                attempts[1] += entered.Count(e => e.Batch == 1);
                served += Math.Min(capacity, entered.Count);
                throttled += Math.Max(0, entered.Count - capacity);
            }
        }

        const double MeasuredRounds = Rounds - MeasuredFrom;
        var shares = attempts.Select(a => a / MeasuredRounds / capacity).ToArray();

        // Each gets 40 % to 60 % of the capacity on average: the settled batch does not keep its head start, and the
        // newcomer is not starved by it.
        Assert.All(shares, share => Assert.InRange(share, 0.4, 0.6));

        // Together they keep the service at least 95 % busy, and fewer than 1 attempt in 4 × capacity is throttled: the
        // probes above the level come about as often at any capacity, so they weigh more on a small one (about 1 in 21
        // at 4, 1 in 200 at 24, 1 in 1,100 at 100).
        Assert.InRange(served / MeasuredRounds / capacity, 0.95, 1.0);
        Assert.InRange(throttled / (double)(served + throttled), 0.0, 1.0 / (4 * capacity));

        ConcurrencyGate Gate() => new(new AdaptiveConcurrency(), ceiling: 4 * capacity, new BatchCounts(), TimeProvider.System);
    }

    private static long Enter(ConcurrencyGate gate)
    {
        var entered = gate.EnterAsync(CancellationToken.None);
        Assert.True(entered.IsCompletedSuccessfully, "nothing runs between rounds, so the gate admits its whole level at once");
        return entered.Result;
    }
}
