using NanoDps.Emulator;

namespace NanoDps.VirtualDevice.Tests.Support;

/// <summary>
/// What an emulator fault profile will do, request by request, for a seed: the emulator decides the
/// fault of its n-th DPS request from a generator seeded once, so the sequence is known in advance
/// (<see cref="FaultProfile.Preview"/>). The tests use it to pick, for each profile, a seed whose
/// faults hit both the registration and the polls and whose run stays short, and to predict the
/// exact number of requests a correct device sends.
/// </summary>
public static class FaultPreview
{
    /// <summary>The fault names (as in the request log; null for none) of the first <paramref name="count"/> DPS requests.</summary>
    public static IReadOnlyList<string?> Faults(FaultProfile profile, int seed, int count) =>
        profile.Preview(seed, count).Select(kind => kind.LogName()).ToArray();

    /// <summary>
    /// The requests a correct device sends when the emulator assigns at once: it registers until an
    /// answer gets through (a slow one does), then polls that operation until an answer gets through.
    /// Every injected fault costs exactly one more request. Null when it does not finish in <paramref name="faults"/>.
    /// </summary>
    public static Plan? Predict(IReadOnlyList<string?> faults)
    {
        int registers = 0;
        for (int i = 0; i < faults.Count; i++)
        {
            bool through = faults[i] is null or "slow";
            if (registers == 0)
            {
                if (through)
                {
                    registers = i + 1;
                }
            }
            else if (through)
            {
                return new Plan(registers, i + 1, faults.Take(registers).ToArray(), faults.Skip(registers).Take(i + 1 - registers).ToArray());
            }
        }

        return null;
    }

    /// <summary>The first seed from 0 whose plan satisfies <paramref name="wanted"/>.</summary>
    public static (int Seed, Plan Plan) FirstSeed(FaultProfile profile, Func<Plan, bool> wanted)
    {
        for (int seed = 0; seed < 10_000; seed++)
        {
            if (Predict(Faults(profile, seed, 16)) is { } plan && wanted(plan))
            {
                return (seed, plan);
            }
        }

        throw new InvalidOperationException($"no seed below 10,000 gives profile {profile.Name} the wanted faults");
    }

    /// <summary>A run: requests until the registration got through, total requests, and the faults on each phase.</summary>
    public sealed record Plan(int Registers, int Total, string?[] RegisterFaults, string?[] PollFaults)
    {
        public override string ToString() =>
            $"register: [{string.Join(",", RegisterFaults.Select(f => f ?? "ok"))}], polls: [{string.Join(",", PollFaults.Select(f => f ?? "ok"))}]";
    }
}
