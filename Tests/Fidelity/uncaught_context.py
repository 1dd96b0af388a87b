def cleanup():
    x = [1, 2]
    return x[5]


def main():
    try:
        1 // 0
    except ZeroDivisionError:
        cleanup()


main()
