# bash completion for smsgw: subcommands and their options, read from the program's own --help so it
# never drifts from the options the binary really has.
_smsgw_commands() {
    smsgw --help 2>/dev/null | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p'
}

_smsgw_options() {
    smsgw "$1" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u
}

_smsgw() {
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$(_smsgw_commands) --help --version" -- "$cur"))
        return
    fi
    cmd=${COMP_WORDS[1]}
    case $prev in
        --config | --db | --map | --truth | --plan | -c)
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
        --codebook | --out | --device | --dir)
            COMPREPLY=($(compgen -d -- "$cur"))
            return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_smsgw_options "$cmd")" -- "$cur"))
        return
    fi
    case $cmd in
        check-codebook) COMPREPLY=($(compgen -d -- "$cur")) ;;
        official) [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "import" -- "$cur")) \
                  || COMPREPLY=($(compgen -f -- "$cur")) ;;
        *) COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
}
complete -F _smsgw smsgw
