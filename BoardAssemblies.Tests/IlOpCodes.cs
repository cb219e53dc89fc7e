using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;

namespace NanoDps.BoardAssemblies.Tests;

/// <summary>Reads IL opcodes with the runtime's own opcode table (System.Reflection.Emit.OpCodes).</summary>
internal static class IlOpCodes
{
    private static readonly Dictionary<short, OpCode> ByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    public static OpCode Read(ref BlobReader il)
    {
        short value = il.ReadByte();
        if (value == 0xFE)
        {
            value = unchecked((short)(0xFE00 | il.ReadByte()));
        }

        return ByValue.TryGetValue(value, out var code)
            ? code
            : throw new BadImageFormatException($"unknown IL opcode 0x{value:X4}");
    }

    public static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
