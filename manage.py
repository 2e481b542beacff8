#!/usr/bin/env python
from cocreate.__main__ import main

if __name__ == "__main__":
    main()
