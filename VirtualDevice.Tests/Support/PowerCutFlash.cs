using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Tests.Support;

/// <summary>The power went off: nothing after this point happened.</summary>
public sealed class PowerCut : Exception
{
    public PowerCut(string message)
        : base(message)
    {
    }
}

/// <summary>
/// An <see cref="IFlashStore"/> over the real folder store that loses power at the
/// <see cref="CutAtStep"/>-th change of the record files (write, rename or delete of nanodps.rec*):
/// a write is left half done (the first half of the text, as a torn flash page), a rename or delete
/// does not happen, and from then on every operation fails with <see cref="PowerCut"/> (the power
/// is gone: nothing more reaches the flash, whatever the boot tries). Reads pass through until then.
/// </summary>
public sealed class PowerCutFlash : IFlashStore
{
    private readonly IFlashStore _inner;
    private readonly string _folder;
    private int _steps;

    public PowerCutFlash(IFlashStore inner, string folder, int cutAtStep)
    {
        _inner = inner;
        _folder = folder;
        CutAtStep = cutAtStep;
    }

    public int CutAtStep { get; }

    /// <summary>True once the power is gone.</summary>
    public bool Cut { get; private set; }

    /// <summary>The changes of record files so far, e.g. "write nanodps.rec.tmp".</summary>
    public List<string> Steps { get; } = [];

    public string? ReadText(string name)
    {
        Dead(name);
        return _inner.ReadText(name);
    }

    public void WriteText(string name, string text)
    {
        Dead(name);
        if (Step("write " + name, name))
        {
            // A torn write: half of the text reached the flash, the rest did not.
            File.WriteAllText(Path.Combine(_folder, name), text[..(text.Length / 2)]);
            throw new PowerCut($"power cut while writing {name}");
        }

        _inner.WriteText(name, text);
    }

    public void Rename(string from, string to)
    {
        Dead(from);
        if (Step($"rename {from} {to}", from))
        {
            throw new PowerCut($"power cut before renaming {from} to {to}");
        }

        _inner.Rename(from, to);
    }

    public void Delete(string name)
    {
        Dead(name);
        if (Step("delete " + name, name))
        {
            throw new PowerCut($"power cut before deleting {name}");
        }

        _inner.Delete(name);
    }

    private void Dead(string name)
    {
        if (Cut)
        {
            throw new PowerCut($"no power: {name} is out of reach");
        }
    }

    private bool Step(string what, string name)
    {
        if (!name.StartsWith(ProvisioningRecord.FileName, StringComparison.Ordinal))
        {
            return false;
        }

        Steps.Add(what);
        Cut = ++_steps == CutAtStep;
        return Cut;
    }
}
