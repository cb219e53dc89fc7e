using System;
using System.Collections;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// Flash in memory that can lose power: after <see cref="CutPowerAfter"/> more operations the
    /// next one fails, and a write that fails is left half-done (the first half of the text), as a
    /// torn write on real flash would.
    /// </summary>
    public sealed class MemoryFlash : IFlashStore
    {
        private readonly ArrayList _names = new ArrayList();
        private readonly ArrayList _texts = new ArrayList();
        private readonly ArrayList _written = new ArrayList();

        public MemoryFlash()
        {
            CutPowerAfter = -1;
        }

        /// <summary>Operations left before the power cut; -1 for never.</summary>
        public int CutPowerAfter { get; set; }

        /// <summary>Operations performed so far.</summary>
        public int Operations { get; private set; }

        public string ReadText(string name)
        {
            Tick(null, null);
            int i = _names.IndexOf(name);
            return i < 0 ? null : (string)_texts[i];
        }

        public void WriteText(string name, string text)
        {
            Tick(name, text);
            _written.Add(name);
            Put(name, text);
        }

        public void Rename(string from, string to)
        {
            Tick(null, null);
            int i = _names.IndexOf(from);
            if (i < 0 || _names.IndexOf(to) >= 0)
            {
                throw new Exception("rename " + from + " to " + to + " is not possible");
            }

            _names[i] = to;
        }

        public void Delete(string name)
        {
            Tick(null, null);
            int i = _names.IndexOf(name);
            if (i >= 0)
            {
                _names.RemoveAt(i);
                _texts.RemoveAt(i);
            }
        }

        /// <summary>Writes of a file (<see cref="WriteText"/> calls), counted by name.</summary>
        public int WritesOf(string name)
        {
            int count = 0;
            foreach (string written in _written)
            {
                count += written == name ? 1 : 0;
            }

            return count;
        }

        /// <summary>Writes of any file whose name starts with <paramref name="prefix"/> (a file and the temp files it is written through).</summary>
        public int WritesStartingWith(string prefix)
        {
            int count = 0;
            foreach (string written in _written)
            {
                count += written.StartsWith(prefix) ? 1 : 0;
            }

            return count;
        }

        /// <summary>A file's text, bypassing the power-cut counter; null when there is none.</summary>
        public string Peek(string name)
        {
            int i = _names.IndexOf(name);
            return i < 0 ? null : (string)_texts[i];
        }

        /// <summary>Every file name, for a failure message.</summary>
        public string Names()
        {
            string names = string.Empty;
            foreach (string name in _names)
            {
                names += name + " ";
            }

            return names;
        }

        /// <summary>Sets a file directly, bypassing the power-cut counter.</summary>
        public void Put(string name, string text)
        {
            int i = _names.IndexOf(name);
            if (i < 0)
            {
                _names.Add(name);
                _texts.Add(text);
            }
            else
            {
                _texts[i] = text;
            }
        }

        private void Tick(string writing, string text)
        {
            Operations++;
            if (CutPowerAfter == 0)
            {
                if (writing != null)
                {
                    Put(writing, text.Substring(0, text.Length / 2));
                }

                throw new Exception("power cut");
            }

            if (CutPowerAfter > 0)
            {
                CutPowerAfter--;
            }
        }
    }
}
